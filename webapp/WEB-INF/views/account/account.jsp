<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Your Account">
  <h1>Your Account</h1>
  <dl class="details">
    <dt>Username</dt><dd><c:out value="${currentUser.username}"/></dd>
    <dt>Email</dt><dd><c:out value="${currentUser.email}"/></dd>
  </dl>
  <p><a href="<c:url value='/change_password'/>">Change your password</a></p>
  <h2>Where you are signed in</h2>
  <ul class="sign-ins">
    <c:forEach var="signIn" items="${signIns}">
      <li class="sign-in">
        <p class="sign-in-what"><strong id="sign-in-${signIn.id}"><c:out value="${signIn.browser}"/></strong>,
          <c:out value="${signIn.address}"/></p>
        <p class="aside">Signed in <c:out value="${signIn.started}"/>, last active <c:out value="${signIn.lastActive}"/></p>
        <c:choose>
          <c:when test="${signIn.current}"><p class="this-browser">This browser</p></c:when>
          <c:otherwise>
            <form class="form" method="post" action="<c:url value='/account/logout_session'/>">
              <t:csrf/>
              <input type="hidden" name="session" value="${signIn.id}">
              <button type="submit" class="button" aria-describedby="sign-in-${signIn.id}">Log out</button>
            </form>
          </c:otherwise>
        </c:choose>
      </li>
    </c:forEach>
  </ul>
  <c:if test="${othersSignedIn}">
    <form class="form" method="post" action="<c:url value='/account/logout_others'/>">
      <t:csrf/>
      <button type="submit" class="button">Log out everywhere else</button>
    </form>
  </c:if>
</t:layout>
