<%@ page session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Log out">
  <h1>Log out</h1>
  <p>Do you want to log out of Microblog on this browser?</p>
  <form class="form" method="post" action="<c:url value='/logout'/>">
    <t:csrf/>
    <div class="actions"><button class="button" type="submit">Log out</button></div>
  </form>
</t:layout>
